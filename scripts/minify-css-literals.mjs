/**
 * A vite plugin for Careline's production builds (the loader build and the bench, which measures
 * what the loader ships): minifies the CSS in lit `css` tagged templates of our own modules with
 * lightningcss (vite's own CSS minifier). Vite minifies JavaScript, not the text inside template
 * literals, so every widget shipped its stylesheets' comments, indentation and long notations.
 *
 * Only `css` templates: HTML templates are left alone, where whitespace can matter. A template may
 * interpolate other `css` results (`${darkTokens}`) where declarations go; a template without a
 * rule (a declaration list such as darkTokens) is minified as the body of one. lightningcss may
 * reorder a rule's declarations, so an interpolation should stand alone in its rule, as
 * `${darkTokens}` does. Anything lightningcss cannot read fails the build rather than ship
 * unminified or broken CSS.
 */
import { transform } from 'lightningcss';

/** `css` followed by a template literal whose interpolations are plain expressions without braces or backticks. */
export const CSS_LITERAL = /\bcss`((?:[^`\\$]|\\.|\$(?!\{)|\$\{[^{}`]*\})*)`/g;
const SLOT = (index) => `--careline-slot-${index}:0`;
const DECLARATIONS_WRAPPER = 'careline-declarations';
/**
 * The browsers the builds' JavaScript target (es2022) runs in. Told to lightningcss, so that it
 * never merges a rule with a selector one of them cannot read (which would drop the whole rule
 * there) and keeps what they need.
 */
const version = (major, minor = 0) => (major << 16) | (minor << 8);
export const CSS_TARGETS = { chrome: version(94), edge: version(94), firefox: version(93), safari: version(15, 4), ios_saf: version(15, 4), samsung: version(17) };

/** Minifies one template's text; `${…}` interpolations come back exactly where they were. */
export function minifyCssTemplate(text, file = 'style.css') {
  const expressions = [];
  // A custom property survives minification verbatim, so it can hold an interpolation's place.
  const withSlots = text.replace(/\$\{[^{}`]*\}/g, (expression) => `${SLOT(expressions.push(expression) - 1)};`);
  const declarationsOnly = !withSlots.includes('{');
  const source = declarationsOnly ? `${DECLARATIONS_WRAPPER}{${withSlots}}` : withSlots;
  const { code } = transform({ filename: file, code: Buffer.from(source), minify: true, targets: CSS_TARGETS, errorRecovery: false });
  let css = code.toString();
  if (declarationsOnly) css = css.slice(DECLARATIONS_WRAPPER.length + 1, -1);
  expressions.forEach((expression, index) => {
    if (!css.includes(SLOT(index))) throw new Error(`${file}: the CSS minifier dropped the place of ${expression}`);
    css = css.replace(SLOT(index), () => expression); // a function: `$` in the expression is not a pattern
  });
  if (css.includes('`') || css.includes('\\')) throw new Error(`${file}: minified CSS needs escaping in a template literal`);
  return css;
}

/** Minifies the `css` templates in the modules `include` matches (default: Careline's packages' sources). */
export function minifyCssLiterals({ include = /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ } = {}) {
  return {
    name: 'careline-minify-css-literals',
    enforce: 'post',
    transform(code, id) {
      if (!include.test(id) || !code.includes('css`')) return null;
      const minified = code.replace(CSS_LITERAL, (_literal, text) => `css\`${minifyCssTemplate(text, id)}\``);
      return minified === code ? null : { code: minified, map: null };
    },
  };
}
