import type { ReactNode } from 'react';

/** The region's name: words already translated, or the id of the heading or caption that names it. */
export type RegionName = { label: string; labelledBy?: undefined } | { labelledBy: string; label?: undefined };

/**
 * The one wrapper for a table wider than its column (a phone, a long Armenian or Russian heading): it scrolls sideways,
 * takes keyboard focus so the arrow keys scroll it (WCAG 2.1.1; axe's scrollable-region-focusable), and is a named
 * region so a screen reader says which table the focus entered. Every scrolling table goes in one; the static test
 * beside it fails on a bare `table-wrap` div.
 */
export function ScrollRegion({ className, children, ...name }: RegionName & { className?: string; children: ReactNode }) {
  return (
    <div className={className ? `table-wrap ${className}` : 'table-wrap'} tabIndex={0} role="region" aria-label={name.label} aria-labelledby={name.labelledBy}>
      {children}
    </div>
  );
}
