import { lazyModule } from '../lazy-module.js';

/**
 * picomatch, loaded when a glob is first matched (record discovery, overrides): a run that
 * checks named files needs none. It stays outside the bundles (the glob walker requires it too).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require that esbuild inlines into the bundles (see lazyModule)
export const picomatch = lazyModule<typeof import('picomatch')>('picomatch', import.meta.url, () => require('picomatch'));
