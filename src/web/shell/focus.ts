/**
 * After a route change, focus goes to the new page's <h1> so keyboard and screen-reader users start at the
 * content they asked for. Pages loaded lazily have no heading yet when the route changes, so the request waits
 * here until a heading mounts and claims it.
 */
let pending = false;

export function focusPageHeading(): void {
  const heading = document.getElementById('page-title');
  if (heading) {
    pending = false;
    heading.focus({ preventScroll: false });
  } else {
    pending = true;
  }
}

export function claimPendingFocus(element: HTMLElement | null): void {
  if (pending && element) {
    pending = false;
    element.focus();
  }
}
