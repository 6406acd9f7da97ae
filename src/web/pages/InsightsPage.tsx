/** Placeholder of the insights dashboards (trends across post-mortems), which come with their own screens. */

/** The insights route until the dashboards land. */
export function InsightsPage() {
  return (
    <section className="page">
      <h1>Insights</h1>
      <p>
        Insights across post-mortems (clock trends, recurring causes, techniques, recommendation completion)
        come with the dashboards. Meanwhile, <code>debrief insights</code> prints them from the command line.
      </p>
    </section>
  );
}
