// Shown when the gateway cannot give the mall its data.
import styles from "./mall.module.css";

export function CatalogUnavailable() {
  return (
    <div className={styles.unavailable} role="status" data-testid="catalog-unavailable">
      <h2>The catalog is unavailable right now</h2>
      <p>We could not reach the benefits service. Please try again in a moment.</p>
    </div>
  );
}
