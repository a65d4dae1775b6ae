import { pagerUrl } from './urls.ts';

/** One page of a paginated list, with the URLs of its neighbours. */
export interface Pager<T> {
  pageNumber: number;
  totalPages: number;
  items: T[];
  /** This page's URL: `/posts/` for page 1, `/posts/page/2/` after. */
  url: string;
  prev: string | null;
  next: string | null;
}

/** How many pages `count` items make at `size` a page (an empty list still has page 1). */
export function pageCount(count: number, size: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, size)));
}

/**
 * Page `pageNumber` of `items`, `size` to a page, for a list whose folder URL is `dir`
 * (Hugo's paginator: `/posts/`, `/posts/page/2/`, or `/posts/page/2.html` when ugly).
 * Returns null for a page number outside 1..totalPages.
 */
export function paginate<T>(
  items: readonly T[],
  size: number,
  pageNumber: number,
  dir: string,
  ugly = false,
): Pager<T> | null {
  const totalPages = pageCount(items.length, size);
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > totalPages) return null;
  return {
    pageNumber,
    totalPages,
    items: items.slice((pageNumber - 1) * size, pageNumber * size),
    url: pagerUrl(dir, pageNumber, ugly),
    prev: pageNumber > 1 ? pagerUrl(dir, pageNumber - 1, ugly) : null,
    next: pageNumber < totalPages ? pagerUrl(dir, pageNumber + 1, ugly) : null,
  };
}
