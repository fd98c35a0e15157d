import { logoutAction } from "./actions";
import styles from "./logout-button.module.css";

export function LogoutButton() {
  return (
    <form action={logoutAction}>
      <button type="submit" className={styles.button}>
        Log out
      </button>
    </form>
  );
}
