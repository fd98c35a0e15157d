// What an anonymous visitor (or one whose session ended) sees instead of a shelf.
import Link from "next/link";
import styles from "./mall.module.css";

export function SignInPrompt({ expired = false }: { expired?: boolean }) {
  return (
    <section className={styles.signIn} aria-labelledby="sign-in-title" data-testid="mall-sign-in">
      <h2 id="sign-in-title">{expired ? "Your session has ended" : "Sign in to see your benefits"}</h2>
      <p>
        Every company offers its own selection, at its own prices, to its own people. Sign in with your work account to
        browse yours.
      </p>
      <p lang="zh-CN">登录企业账号，浏览公司为你准备的权益。</p>
      <Link href="/login" className={styles.signInLink}>
        Sign in
      </Link>
    </section>
  );
}
