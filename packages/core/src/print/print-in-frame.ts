/**
 * Prints content alone, from a blank frame inside the widget: the host page (menus,
 * adverts, other widgets) is not printed with it, and nothing leaves the page.
 */
export interface PrintInFrameOptions {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** The printed page's title (browsers may print it in the header). */
  title: string;
  /** Print styles for the frame. */
  css?: string | undefined;
  /** Fills the frame's body. */
  fill(body: HTMLElement, doc: Document): void;
}

export function printInFrame(root: ShadowRoot | HTMLElement | DocumentFragment, options: PrintInFrameOptions): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.className = 'print-frame';
  // Out of sight and out of layout, but a real document the browser can print.
  frame.style.cssText = 'position: fixed; inline-size: 0; block-size: 0; border: 0;';
  root.append(frame);
  const doc = frame.contentDocument;
  if (doc) {
    doc.documentElement.lang = options.lang;
    doc.documentElement.dir = options.dir;
    doc.title = options.title;
    if (options.css && frame.contentWindow) {
      // A constructed sheet, not a <style> element: the frame has the page's Content-Security-Policy,
      // and a strict one (style-src 'self') blocks inline <style>.
      const sheet = new (frame.contentWindow as Window & typeof globalThis).CSSStyleSheet();
      sheet.replaceSync(options.css);
      doc.adoptedStyleSheets = [sheet];
    }
    options.fill(doc.body, doc);
    frame.contentWindow?.print();
  }
  setTimeout(() => frame.remove(), 1000);
}
