// Tiny element builder: text goes in as text nodes (never HTML), attributes as attributes.
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el as T;
}

export function mount(...children: Child[]): HTMLElement {
  const root = byId('app');
  root.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return root;
}

export function setHidden(el: HTMLElement, hidden: boolean): void {
  el.hidden = hidden;
}
