// One benefit on the shelf: names in Chinese and English, brand, category, price from, how it is
// fulfilled, whether any of it is in stock, and its offers.
import { formatPrice } from "@/lib/format";
import type { Names, ShelfEntry } from "@/lib/graphql/types";
import { FulfilmentLabel } from "./fulfilment-label";
import styles from "./mall.module.css";
import { OfferList } from "./offer-list";
import { StockState } from "./stock-state";

/** "星巴克 Starbucks", or just "Coursera" when both names are the same. */
function BilingualName({ names }: { names: Names }) {
  if (names.name === names.nameEn) return <>{names.name}</>;
  return (
    <>
      <span lang="zh-CN">{names.name}</span> {names.nameEn}
    </>
  );
}

export function ShelfCard({ entry }: { entry: ShelfEntry }) {
  const titleId = `benefit-${entry.benefitId}`;
  const offersId = `${titleId}-offers`;
  const kinds = [...new Set(entry.offers.map((offer) => offer.fulfilmentKind))];
  const inStock = entry.offers.some((offer) => offer.inStock);
  const onePrice = new Set(entry.offers.map((offer) => offer.priceFen)).size <= 1;
  return (
    <article
      className={styles.card}
      aria-labelledby={titleId}
      data-testid="shelf-card"
      data-benefit-id={entry.benefitId}
    >
      <p className={styles.category} data-testid="category">
        <span className={styles.visuallyHidden}>Category: </span>
        <BilingualName names={entry.category} />
      </p>
      <div>
        <h2 className={styles.name} id={titleId} lang="zh-CN" data-testid="benefit-name">
          {entry.name}
        </h2>
        {entry.nameEn !== entry.name && (
          <p className={styles.nameEn} data-testid="benefit-name-en">
            {entry.nameEn}
          </p>
        )}
        {entry.brand && (
          <p className={styles.brand} data-testid="brand">
            <span className={styles.visuallyHidden}>Brand: </span>
            <BilingualName names={entry.brand} />
          </p>
        )}
      </div>
      <p className={styles.kinds}>
        <span className={styles.visuallyHidden}>How you receive it: </span>
        {kinds.map((kind) => (
          <FulfilmentLabel key={kind} kind={kind} />
        ))}
      </p>
      <h3 className={styles.visuallyHidden} id={offersId}>
        Offers
      </h3>
      <OfferList offers={entry.offers} labelledBy={offersId} />
      <footer className={styles.cardFooter}>
        <p className={styles.price}>
          <span className={styles.priceLabel}>{onePrice ? "Price" : "From"}</span>
          <span data-testid="from-price">{formatPrice(entry.fromPriceFen)}</span>
        </p>
        <StockState inStock={inStock} />
      </footer>
    </article>
  );
}
