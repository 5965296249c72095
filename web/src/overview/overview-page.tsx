export function OverviewPage() {
  return <p>OverviewPage: to be built</p>;
}
