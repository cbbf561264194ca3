import { Link, useSearchParams } from 'react-router';

/** Previous/next links over a list the API pages with `limit` and `offset` (kept in the page's query string). */
export function Pager(props: {
  offset: number;
  pageSize: number;
  total: number;
  label: string;
  prev: string;
  next: string;
}) {
  const [params] = useSearchParams();
  const { offset, pageSize } = props;
  return (
    <nav className="pager" aria-label={props.label}>
      {offset > 0 && <Link to={`?${withOffset(params, Math.max(0, offset - pageSize))}`}>{props.prev}</Link>}
      {offset + pageSize < props.total && (
        <Link to={`?${withOffset(params, offset + pageSize)}`}>{props.next}</Link>
      )}
    </nav>
  );
}

function withOffset(params: URLSearchParams, offset: number): string {
  const next = new URLSearchParams(params);
  if (offset) next.set('offset', String(offset));
  else next.delete('offset');
  return next.toString();
}
