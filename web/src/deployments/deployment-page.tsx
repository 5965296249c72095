export function DeploymentPage() {
  return <p>DeploymentPage: to be built</p>;
}
