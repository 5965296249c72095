export function TargetsPage() {
  return <p>TargetsPage: to be built</p>;
}
