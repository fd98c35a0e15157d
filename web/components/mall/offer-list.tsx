// The SKUs of a benefit the member may take, each with the company's price.
import { formatFen, formatPrice } from "@/lib/format";
import type { Offer, Validity } from "@/lib/graphql/types";
import styles from "./mall.module.css";
import { StockState } from "./stock-state";

function describeValidity(validity: Validity): string | null {
  if (validity.kind === "DAYS_AFTER_CLAIM") {
    return validity.days ? `Valid ${validity.days} days after claiming` : null;
  }
  const from = validity.from?.slice(0, 10);
  const until = validity.until?.slice(0, 10);
  if (from && until) return `Valid ${from} to ${until}`;
  if (until) return `Valid until ${until}`;
  return from ? `Valid from ${from}` : null;
}

export function OfferList({ offers, labelledBy }: { offers: readonly Offer[]; labelledBy: string }) {
  return (
    <ul className={styles.offers} aria-labelledby={labelledBy}>
      {offers.map((offer) => {
        const validity = describeValidity(offer.validity);
        return (
          <li key={offer.id} className={styles.offer} data-testid="offer" data-in-stock={offer.inStock}>
            <span className={styles.offerNames}>
              <span lang="zh-CN" className={styles.offerName} data-testid="offer-name">
                {offer.name}
              </span>
              <span className={styles.offerNameEn}>{offer.nameEn}</span>
              {validity && <span className={styles.offerMeta}>{validity}</span>}
            </span>
            <span className={styles.offerPrice}>
              <span data-testid="offer-price">{formatPrice(offer.priceFen)}</span>
              {offer.faceValueFen > offer.priceFen && (
                <span className={styles.faceValue}>
                  <span className={styles.visuallyHidden}>face value </span>
                  <s>{formatFen(offer.faceValueFen)}</s>
                </span>
              )}
              {!offer.inStock && <StockState inStock={false} compact />}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
