import { Route, Routes } from "react-router";

/** Auditor's view. Mounted by App.tsx at /audit/*. */
export function AuditRoutes() {
  return (
    <Routes>
      <Route index element={<h1>Audit</h1>} />
    </Routes>
  );
}
