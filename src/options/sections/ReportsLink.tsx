/** The reports page is its own page (leads keep it open); this section points there. */
export function ReportsLink() {
  return (
    <section class="stack" aria-labelledby="reports-heading">
      <h2 id="reports-heading">Reports</h2>
      <p>
        SLA met % per client, target and day, and handle time against each client's target, with CSV export:{' '}
        <a href="/src/reports/index.html">open the reports page</a>.
      </p>
    </section>
  );
}
