import { useEffect, useState } from 'react';
import { api, ApiProblem } from './client';

/**
 * GETs `path` with `query` (and the caller's token, when given) whenever one of them changes: the latest answer, or
 * the problem that came instead. An answer to an older query that arrives late is dropped.
 */
export function useApiGet<T>(path: string, query: Record<string, string>, token?: string) {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<ApiProblem>();
  const key = JSON.stringify(query);
  useEffect(() => {
    let live = true;
    setData(undefined);
    api<T>(path, { token, query: JSON.parse(key) as Record<string, string> }).then(
      (d) => {
        if (!live) return;
        setData(d);
        setProblem(undefined);
      },
      (err: unknown) =>
        live &&
        setProblem(err instanceof ApiProblem ? err : new ApiProblem({ status: 0, title: String(err) })),
    );
    return () => {
      live = false;
    };
  }, [path, key, token]);
  return { data, problem };
}
