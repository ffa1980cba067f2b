// Recreates what a hostile legacy host page does to embedded widgets: global CSS with
// !important, form-control resets, leaked custom properties, and jQuery/AMD-era globals.
import { assert } from '@open-wc/testing';

export interface HostileStyle {
  /** CSS property, as in getComputedStyle. */
  property: string;
  /** The value the hostile page forces, as written in its stylesheet. */
  hostileValue: string;
  /** True when a computed style shows the hostile value leaked in. */
  matches(style: CSSStyleDeclaration): boolean;
}

const COMIC = '"Comic Sans MS", cursive';
const MAGENTA = 'rgb(255, 0, 255)';

/**
 * The inherited properties the hostile page forces on every element. They reach into a
 * widget's shadow tree through inheritance from its host unless the widget resets them,
 * so a widget test can check its shadow tree does not show them.
 */
export const HOSTILE_STYLES: readonly HostileStyle[] = [
  { property: 'font-family', hostileValue: COMIC, matches: (s) => s.fontFamily.includes('Comic Sans MS') },
  { property: 'font-size', hostileValue: '9px', matches: (s) => s.fontSize === '9px' },
  { property: 'color', hostileValue: '#ff00ff', matches: (s) => s.color === MAGENTA },
  {
    property: 'line-height',
    hostileValue: '4',
    // Computed as a length: 4 × font-size.
    matches: (s) => Math.abs(parseFloat(s.lineHeight) - 4 * parseFloat(s.fontSize)) < 0.5,
  },
  { property: 'letter-spacing', hostileValue: '3px', matches: (s) => s.letterSpacing === '3px' },
  { property: 'word-spacing', hostileValue: '7px', matches: (s) => s.wordSpacing === '7px' },
  { property: 'text-transform', hostileValue: 'uppercase', matches: (s) => s.textTransform === 'uppercase' },
  { property: 'text-align', hostileValue: 'justify', matches: (s) => s.textAlign === 'justify' },
  { property: 'visibility', hostileValue: 'hidden', matches: (s) => s.visibility === 'hidden' },
];

/**
 * Custom properties with common, unprefixed names, as themes define them on :root. They
 * inherit into shadow trees, so a widget that reads `var(--primary-color)` picks them up.
 */
export const HOSTILE_CUSTOM_PROPERTIES: Readonly<Record<string, string>> = {
  '--primary': '#ff00ff',
  '--primary-color': '#ff00ff',
  '--accent-color': '#ff00ff',
  '--text-color': '#ff00ff',
  '--background': '#ffff00',
  '--bg-color': '#ffff00',
  '--font-family': COMIC,
  '--font-size': '9px',
  '--spacing': '40px',
  '--radius': '0',
  '--border-radius': '0',
};

function hostileStylesheet({ rtl }: HostilePageOptions): string {
  const customProperties = Object.entries(HOSTILE_CUSTOM_PROPERTIES)
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ');
  return `
/* careline hostile page fixture */
:root { ${customProperties} }
* {
  font-family: ${COMIC} !important;
  font-size: 9px !important;
  color: #ff00ff !important;
  line-height: 4 !important;
  letter-spacing: 3px !important;
  word-spacing: 7px !important;
  text-transform: uppercase !important;
  text-align: justify !important;
  box-sizing: content-box !important;
  margin: 0;
  padding: 0;
}
/* CMS themes that "reset" form controls */
button, input, textarea, select { all: unset !important; }
input { border: 1px solid #000 !important; }
a { color: #0000cc !important; text-decoration: underline !important; }
table td { font-size: 11px !important; }
img { border: 2px solid #000 !important; }
svg { width: 300px !important; height: 300px !important; }
ul, ol { list-style: square inside !important; }
/* A "show everything" rule that breaks the hidden attribute */
[hidden] { display: block !important; }
/* Visibility is inherited: a widget must set its own to be seen at all. (Not opacity or
   display on ancestors: nothing inside can undo those, and the test page must keep working.) */
body > * { visibility: hidden !important; }
${rtl ? 'body { direction: rtl !important; }' : ''}
`;
}

export interface HostilePageOptions {
  /** Also force `direction: rtl` on the body, as a right-to-left host page does. */
  rtl?: boolean;
}

/** Calls cleanup; also exposes what the fake AMD loader received. */
export interface HostilePage {
  (): void;
  /** Arguments of every `define(…)` call: a UMD bundle that registers here is invisible to the page. */
  readonly amdDefineCalls: readonly unknown[][];
  readonly styleElement: HTMLStyleElement;
}

/** Properties Prototype.js-era libraries add to Array.prototype; enumerable, so `for…in` on arrays sees them. */
const ARRAY_EXTRAS = ['each', 'remove', 'carelineHostileExtra'] as const;
const HOSTILE_GLOBALS = ['$', 'jQuery', 'define', 'require', 'requirejs'] as const;

/**
 * Installs a hostile host page: the stylesheet above (`!important` everywhere), the
 * jQuery `$`, an AMD loader (`define` with `define.amd`), and enumerable Array.prototype
 * extras. Returns a function that removes all of it and restores what was there before.
 */
export function installHostilePage(options: HostilePageOptions = {}): HostilePage {
  const styleElement = document.createElement('style');
  styleElement.dataset['carelineHostile'] = '';
  styleElement.textContent = hostileStylesheet(options);
  document.head.append(styleElement);

  const saved: Array<[object, PropertyKey, PropertyDescriptor | undefined]> = [];
  const override = (target: object, key: PropertyKey, value: unknown, enumerable: boolean) => {
    saved.push([target, key, Object.getOwnPropertyDescriptor(target, key)]);
    Object.defineProperty(target, key, { value, enumerable, configurable: true, writable: true });
  };

  for (const name of ARRAY_EXTRAS) {
    override(Array.prototype, name, function hostileExtra(this: unknown[]) {
      return this;
    }, true);
  }

  const amdDefineCalls: unknown[][] = [];
  const define = Object.assign((...args: unknown[]) => void amdDefineCalls.push(args), { amd: {} });
  const requireModule = Object.assign(() => undefined, { config: () => undefined });
  const jQuery = Object.assign((selector: string) => document.querySelectorAll(selector), { fn: { jquery: '1.4.2' } });
  const globals: Record<(typeof HOSTILE_GLOBALS)[number], unknown> = {
    $: jQuery,
    jQuery,
    define,
    require: requireModule,
    requirejs: requireModule,
  };
  for (const name of HOSTILE_GLOBALS) override(window, name, globals[name], true);

  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    styleElement.remove();
    for (const [target, key, descriptor] of saved.reverse()) {
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else delete (target as Record<PropertyKey, unknown>)[key];
    }
  };
  return Object.assign(cleanup, { amdDefineCalls, styleElement });
}

export interface HostileStyleFinding {
  element: Element;
  property: string;
  value: string;
}

/**
 * Finds hostile inherited styles that leaked into `host` and its shadow tree (walking
 * nested open shadow roots). Elements that are not rendered (`display: none`) are skipped.
 * Light-DOM children are the page's own content and are not checked.
 */
export function findHostileStyles(host: Element, { ignore = [] }: { ignore?: readonly string[] } = {}): HostileStyleFinding[] {
  const checks = HOSTILE_STYLES.filter((check) => !ignore.includes(check.property));
  const findings: HostileStyleFinding[] = [];
  const inspect = (element: Element) => {
    const style = getComputedStyle(element);
    if (style.display === 'none') return;
    for (const check of checks) {
      if (check.matches(style)) {
        findings.push({ element, property: check.property, value: style.getPropertyValue(check.property) });
      }
    }
  };
  const walkShadow = (element: Element) => {
    const root = element.shadowRoot;
    if (!root) return;
    for (const inner of Array.from(root.querySelectorAll('*'))) {
      inspect(inner);
      walkShadow(inner);
    }
  };
  inspect(host);
  walkShadow(host);
  return findings;
}

/** Asserts that none of {@link HOSTILE_STYLES} shows in `host` or its shadow tree. */
export function expectUntouchedByHostileStyles(host: Element, options: { ignore?: readonly string[] } = {}): void {
  const findings = findHostileStyles(host, options);
  if (findings.length === 0) return;
  const lines = findings
    .slice(0, 30)
    .map(({ element, property, value }) => `  - <${element.localName}${element.id ? `#${element.id}` : ''}> ${property}: ${value}`);
  if (findings.length > 30) lines.push(`  … and ${findings.length - 30} more`);
  assert.fail(`Expected <${host.localName}> to be untouched by the hostile page's styles, but:\n${lines.join('\n')}`);
}
