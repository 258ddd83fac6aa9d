import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import { configFolders, loadPathAliases, unaliasSpecifier } from '../../src/engine/aliases';
import { tempTree } from '../support/tempTree';

const folder = (files: Record<string, string>) => tempTree(files, 'pbd-alias-');

describe('engine: path aliases', () => {
  it('reads tsconfig paths (comments, trailing commas, baseUrl) and rewrites aliased specifiers to relative ones', () => {
    const dir = folder({ 'tsconfig.json': `{\n  /* paths */\n  "compilerOptions": { "baseUrl": "src", "paths": { "@/*": ["./*"], "@components/*": ["components/*"], "@db": ["lib/db.ts"], }, },\n}` });
    const a = loadPathAliases([dir], dir)!;
    assert.ok(a);
    assert.strictEqual(unaliasSpecifier(a, 'src/app/page.tsx', '@/lib/supabase'), '../lib/supabase');
    assert.strictEqual(unaliasSpecifier(a, 'src/page.tsx', '@components/Map'), './components/Map');
    assert.strictEqual(unaliasSpecifier(a, 'src/app/page.tsx', '@db'), '../lib/db.ts');
    assert.strictEqual(unaliasSpecifier(a, 'src/app/page.tsx', '@supabase/supabase-js'), undefined);
    assert.strictEqual(unaliasSpecifier(a, 'src/app/page.tsx', './x'), undefined);
  });

  it('absolute names when no working folder is given (the editor); a broken or missing config gives none', () => {
    const dir = folder({ 'jsconfig.json': `{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }`, 'bad/tsconfig.json': `{ "compilerOptions": ` });
    const a = loadPathAliases([dir])!;
    const from = path.join(dir, 'src', 'a', 'b.js');
    assert.strictEqual(unaliasSpecifier(a, from, '~/lib/x'), '../lib/x');
    assert.strictEqual(loadPathAliases([path.join(dir, 'bad'), path.join(dir, 'none')]), undefined);
  });

  it('config folders: every folder from each file up to its scan root', () => {
    const root = path.join(os.tmpdir(), 'r');
    const got = configFolders([path.join(root, 'apps', 'web', 'src', 'a.ts'), path.join(root, 'apps', 'web', 'b.ts')], [root], root).sort();
    assert.deepStrictEqual(got, [root, path.join(root, 'apps'), path.join(root, 'apps', 'web'), path.join(root, 'apps', 'web', 'src')].sort());
  });
});
