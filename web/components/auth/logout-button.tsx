import { getTranslations } from "next-intl/server";
import { logoutAction } from "./actions";
import styles from "./logout-button.module.css";

export async function LogoutButton() {
  const t = await getTranslations("common");
  return (
    <form action={logoutAction}>
      <button type="submit" className={styles.button}>
        {t("logout")}
      </button>
    </form>
  );
}
