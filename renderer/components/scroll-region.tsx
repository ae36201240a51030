import type { ComponentChildren } from 'preact';

/**
 * A table that may be wider than the window scrolls on its own, not the page (readable at 200 % zoom).
 * A named region, focusable so a keyboard can scroll it.
 */
export function ScrollRegion(props: { label: string; children: ComponentChildren }) {
  return (
    <section
      class="table-scroll"
      aria-label={props.label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard to scroll it (WCAG 2.1.1).
      tabIndex={0}
    >
      {props.children}
    </section>
  );
}
