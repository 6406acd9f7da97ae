/** The application: routes and the shell. */
export function App() {
  return <main>Debrief</main>;
}
