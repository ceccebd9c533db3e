import fs from 'node:fs';
import path from 'node:path';
import { renderRuleSchema } from '../core/index.js';
import { builtinPaths } from './package-paths.js';

// `npm run schemas`: rewrites the parts of schemas/rule.schema.json made from the check-kind
// and predicate-operator registries. A test fails while the committed file differs.
const file = path.join(builtinPaths().schemasDir, 'rule.schema.json');
const before = fs.readFileSync(file, 'utf8');
const after = renderRuleSchema(before);
if (after !== before) fs.writeFileSync(file, after);
process.stdout.write(`${path.relative(process.cwd(), file)}: ${after === before ? 'up to date' : 'updated'}\n`);
