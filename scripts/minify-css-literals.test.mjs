// `node --test scripts/minify-css-literals.test.mjs` (a step of `npm test`): the production builds'
// CSS-literal minifier keeps what the CSS means and every interpolation, and fails loudly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CSS_LITERAL, minifyCssLiterals, minifyCssTemplate } from './minify-css-literals.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

test('drops comments and indentation, keeps rules, logical properties and !important', () => {
  const out = minifyCssTemplate(`
    /* Why this rule exists. */
    :host {
      display: block !important;
      margin-inline-start: 0px;
    }
    @media (forced-colors: active) {
      .badge { border: 1px solid CanvasText; }
    }
  `);
  assert.equal(out, ':host{margin-inline-start:0;display:block!important}@media (forced-colors:active){.badge{border:1px solid canvastext}}');
});

test('puts interpolations back where they were, in a rule and in a declaration list', () => {
  assert.equal(minifyCssTemplate('.root[data-scheme="dark"] {\n  ${darkTokens}\n}\n.x { color: red; }'), '.root[data-scheme=dark]{${darkTokens}}.x{color:red}');
  assert.equal(minifyCssTemplate('\n  --a: 1px;\n  ${more}\n  --b: var(--c, #ffffff);\n'), '--a:1px;${more};--b:var(--c,#fff)');
  assert.equal(minifyCssTemplate('.a { ${$$x} }'), '.a{${$$x}}', 'a $ in the expression is not a replacement pattern');
});

test('fails the build on CSS it cannot read, rather than ship it', () => {
  assert.throws(() => minifyCssTemplate('.a { color: red; '.repeat(1) + '} }}}'));
});

test('leaves html templates and other modules alone', () => {
  const plugin = minifyCssLiterals();
  const code = "const s = css`\n  .a { color: red; }\n`;\nconst t = html`<p>\n  Keep   this   text\n</p>`;";
  const result = plugin.transform(code, '/repo/packages/x/src/x.ts');
  assert.equal(result.code, "const s = css`.a{color:red}`;\nconst t = html`<p>\n  Keep   this   text\n</p>`;");
  assert.equal(plugin.transform(code, '/repo/node_modules/lit/index.js'), null);
});

test("every css template in Careline's packages minifies to CSS that reads again, keeping every interpolation", () => {
  const files = execSync("git ls-files 'packages/*/src/*.ts' 'packages/*/src/**/*.ts'", { cwd: root }).toString().trim().split('\n');
  let templates = 0;
  for (const file of files.filter((name) => !name.endsWith('.test.ts'))) {
    for (const [, text] of readFileSync(`${root}${file}`, 'utf8').matchAll(CSS_LITERAL)) {
      const once = minifyCssTemplate(text, file);
      assert.doesNotThrow(() => minifyCssTemplate(once, file), file);
      assert.deepEqual(once.match(/\$\{[^}]*\}/g) ?? [], text.match(/\$\{[^}]*\}/g) ?? [], file);
      assert.ok(once.length <= text.length, file);
      templates++;
    }
  }
  assert.ok(templates >= 10, `found ${templates} css templates`);
});
