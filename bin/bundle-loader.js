// Loads a CommonJS bundle of dist/ with a V8 code cache kept beside it (FILE.v8cache): V8 then
// starts from the bytecode of every function an earlier run called instead of parsing and compiling
// them again from source, which is most of the bundle's start-up and a good part of checking a first
// record. A cache is used only when this V8 made it from this very text. It is written beside the
// bundle, where only whoever may change the bundle can write it (never in a shared temporary folder),
// by the build and by the first run that finds none that fits; where that folder is read-only, the
// bundle simply loads without one.
import { isAscii } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** The first line of a cache file: what it was made from, so a cache of other text or of another V8 is never used. */
function cacheHeader(source) {
  return JSON.stringify({ v8: process.versions.v8, sha1: crypto.createHash('sha1').update(source).digest('hex') }) + '\n';
}

/**
 * Runs the bundle `file` (an absolute path) as `require` would: its exports, and `saveCache()`,
 * which writes the cache of everything compiled so far when the one beside the bundle did not fit
 * (call it after a representative run).
 */
export function loadBundle(file) {
  const source = fs.readFileSync(file);
  const header = cacheHeader(source);
  const cacheFile = `${file}.v8cache`;
  const cachedData = readCache(cacheFile, header);
  // The build writes the command line's bundle in ASCII, which reads as Latin-1 several times quicker than as UTF-8.
  const text = isAscii(source) ? source.toString('latin1') : source.toString('utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, {
    filename: file,
    cachedData,
    // Any import() in the bundle resolves as it would in a module loaded by require.
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // V8 also refuses a cache made under other flags (a profiler, another heap size).
  const fits = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    saveCache: () => {
      if (!fits) writeCache(cacheFile, header, script);
    },
  };
}

function readCache(cacheFile, header) {
  let cache;
  try {
    cache = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return cache.length > header.length && cache.toString('utf8', 0, header.length) === header ? cache.subarray(header.length) : undefined;
}

/** Written whole under another name, then renamed: a run starting meanwhile sees the old cache or the new one, never part of one. */
function writeCache(cacheFile, header, script) {
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, Buffer.concat([Buffer.from(header), script.createCachedData()]));
    fs.renameSync(partial, cacheFile);
  } catch {
    // A folder that cannot be written to: the next run compiles from source, as without a cache.
    fs.rmSync(partial, { force: true });
  }
}
