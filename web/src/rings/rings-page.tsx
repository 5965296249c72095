export function RingsPage() {
  return <p>RingsPage: to be built</p>;
}
