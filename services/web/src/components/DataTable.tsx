import type { ReactNode } from 'react';

/** One column of a {@link DataTable}: its header and how a row fills its cell. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** the cell names its row (`<th scope="row">`), as the first column of a table of agencies or appeals */
  rowHeader?: boolean;
  className?: (row: T) => string | undefined;
}

/**
 * A table of rows (search results, an inbox, statistics) in a horizontally scrolling wrapper. With `captionId` the
 * wrapper is a focusable region labelled by the caption, so keyboard users can scroll a wide table.
 */
export function DataTable<T>(props: {
  rows: T[];
  rowKey: (row: T) => string;
  columns: Column<T>[];
  caption: ReactNode;
  /** the caption only for screen readers (the page says the same above the table) */
  hiddenCaption?: boolean;
  captionId?: string;
  className?: string;
}) {
  // with a caption id, the wrapper is a focusable region named by the caption
  const id = props.captionId;
  return (
    <div
      className="table-wrap"
      tabIndex={id ? 0 : undefined}
      role={id ? 'region' : undefined}
      aria-labelledby={id}
    >
      <table className={props.className}>
        <caption id={id} className={props.hiddenCaption ? 'visually-hidden' : undefined}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map(({ header, cell, rowHeader, className }) => {
                const Cell = rowHeader ? 'th' : 'td';
                return (
                  <Cell key={header} scope={rowHeader ? 'row' : undefined} className={className?.(row)}>
                    {cell(row)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
