#!/usr/bin/env node
// Writes (or with --check, verifies) custom-elements.json for every package that defines elements.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const cli = join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
const config = join(root, 'custom-elements-manifest.config.mjs');
let stale = 0;

for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  const packageJson = readFileSync(join(dir, 'package.json'), 'utf8');
  const pkg = JSON.parse(packageJson);
  if (!pkg.customElements) continue;
  const outdir = check ? mkdtempSync(join(tmpdir(), 'cem-')) : dir;
  // The analyzer resolves globs from the working directory: run it inside the package.
  // --outdir is taken relative to the working directory.
  execFileSync(process.execPath, [cli, 'analyze', '--config', config, '--outdir', relative(dir, outdir) || '.', '--quiet'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  // The analyzer points package.json's "customElements" at its outdir (a temporary one in
  // --check mode): keep the committed file as it was.
  writeFileSync(join(dir, 'package.json'), packageJson);
  // The analyzer lists modules in file-system order: sort them so the file is deterministic.
  const generated = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));
  generated.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Events found in code but not named (dispatchEvent(new SomeEvent())) duplicate the
  // documented @event entries and have no name, which the schema requires: drop them.
  for (const module of generated.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.events) continue;
      // The analyzer also names an event after the variable passed to its constructor
      // (dispatchEvent(new CareRecordSectionEvent(section)) gives an event "section"): keep the
      // documented @event of that type and drop such guesses.
      const documented = new Set(declaration.events.filter((event) => event.description).map((event) => event.type?.text));
      declaration.events = declaration.events.filter((event) => typeof event.name === 'string' && (event.description || !documented.has(event.type?.text)));
    }
  }
  writeFileSync(join(outdir, 'custom-elements.json'), `${JSON.stringify(generated, null, 2)}\n`);
  if (check) {
    const fresh = readFileSync(join(outdir, 'custom-elements.json'), 'utf8');
    const committed = existsSync(join(dir, 'custom-elements.json')) ? readFileSync(join(dir, 'custom-elements.json'), 'utf8') : '';
    if (fresh !== committed) {
      stale++;
      console.error(`packages/${name}/custom-elements.json is out of date: run \`npm run manifest\`.`);
    }
    const manifest = JSON.parse(fresh);
    if (manifest.schemaVersion === undefined || !Array.isArray(manifest.modules)) {
      stale++;
      console.error(`packages/${name}/custom-elements.json is not a valid manifest.`);
    }
    rmSync(outdir, { recursive: true, force: true });
  } else {
    console.log(`wrote packages/${name}/custom-elements.json`);
  }
}
process.exit(stale ? 1 : 0);
