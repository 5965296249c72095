export function ReleasePage() {
  return <p>ReleasePage: to be built</p>;
}
