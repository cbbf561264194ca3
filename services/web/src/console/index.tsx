import { Route, Routes } from "react-router";

/** Agency console (registrar, executor, approver, head). Mounted by App.tsx at /console/*. */
export function ConsoleRoutes() {
  return (
    <Routes>
      <Route index element={<h1>Console</h1>} />
    </Routes>
  );
}
