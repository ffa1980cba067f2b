/**
 * Catches what a widget prints from its own frame (core's printInFrame): the frame
 * is seen as it is added to a shadow root, and its `print()` records the page
 * instead of opening the dialog.
 */
export interface PrintedPage {
  text: string;
  lang: string;
  dir: string;
  title: string;
  /** The printed document, for further checks (e.g. that the host page is not in it). */
  document: Document;
}

export interface PrintCapture {
  readonly pages: PrintedPage[];
  /** Puts the real `ShadowRoot.prototype.append` back. */
  restore(): void;
}

export function capturePrints(): PrintCapture {
  const pages: PrintedPage[] = [];
  const originalAppend = ShadowRoot.prototype.append;
  ShadowRoot.prototype.append = function (this: ShadowRoot, ...nodes: Array<Node | string>) {
    originalAppend.apply(this, nodes);
    for (const node of nodes) {
      if (node instanceof HTMLIFrameElement && node.contentWindow) {
        const frameWindow = node.contentWindow;
        frameWindow.print = () => {
          const doc = frameWindow.document;
          pages.push({ text: doc.body.innerText, lang: doc.documentElement.lang, dir: doc.documentElement.dir, title: doc.title, document: doc });
        };
      }
    }
  };
  return { pages, restore: () => (ShadowRoot.prototype.append = originalAppend) };
}
