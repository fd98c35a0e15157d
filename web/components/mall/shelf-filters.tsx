// The shelf's filters: a plain GET form, so every result page has its own address and works without JavaScript.
import Link from "next/link";
import { FULFILMENT_KINDS, SHELF_SORTS, type Brand, type Category, type ShelfSort } from "@/lib/graphql/types";
import { flattenCategoryTree } from "@/lib/mall/category-tree";
import {
  DEFAULT_PAGE_SIZE,
  MAX_KEYWORD_LENGTH,
  type MallField,
  type MallQuery,
  type Problem,
} from "@/lib/mall/search-params";
import { FULFILMENT_LABELS } from "./fulfilment-label";
import styles from "./mall.module.css";

const SORT_LABELS: Record<ShelfSort, string> = {
  RECOMMENDED: "Recommended",
  PRICE_ASC: "Price: low to high",
  PRICE_DESC: "Price: high to low",
  NAME: "Name",
  NEWEST: "Newest",
};

const INDENT = "\u00a0\u00a0\u00a0";

interface Props {
  query: MallQuery;
  categories: readonly Category[];
  brands: readonly Brand[];
  problems: readonly Problem[];
}

export function ShelfFilters({ query, categories, brands, problems }: Props) {
  const invalid = (field: MallField) => (problems.some((p) => p.field === field) ? true : undefined);
  return (
    <form method="get" action="/" className={styles.filters} role="search" aria-labelledby="filters-title">
      <h2 id="filters-title" className={styles.filtersTitle}>
        Filter <span lang="zh-CN">筛选</span>
      </h2>

      <label className={styles.field}>
        <span>Search</span>
        <input
          type="search"
          name="q"
          defaultValue={query.q}
          maxLength={MAX_KEYWORD_LENGTH}
          placeholder="咖啡, coffee…"
          aria-invalid={invalid("q")}
        />
      </label>

      <label className={styles.field}>
        <span>Category</span>
        <select name="category" defaultValue={query.category} aria-invalid={invalid("category")}>
          <option value="">All categories</option>
          {flattenCategoryTree(categories).map(({ category, depth }) => (
            <option key={category.id} value={category.slug}>
              {INDENT.repeat(depth)}
              {category.name} {category.nameEn}
            </option>
          ))}
        </select>
      </label>

      <label className={styles.field}>
        <span>Brand</span>
        <select name="brand" defaultValue={query.brand} aria-invalid={invalid("brand")}>
          <option value="">All brands</option>
          {brands.map((brand) => (
            <option key={brand.id} value={brand.slug}>
              {brand.name === brand.nameEn ? brand.name : `${brand.name} ${brand.nameEn}`}
            </option>
          ))}
        </select>
      </label>

      <fieldset className={styles.fieldset}>
        <legend>Price (¥, yuan)</legend>
        <div className={styles.priceRange}>
          <label className={styles.field}>
            <span>From</span>
            <input
              name="min"
              inputMode="decimal"
              defaultValue={query.min}
              placeholder="0"
              size={6}
              aria-invalid={invalid("min")}
            />
          </label>
          <label className={styles.field}>
            <span>To</span>
            <input
              name="max"
              inputMode="decimal"
              defaultValue={query.max}
              placeholder="any"
              size={6}
              aria-invalid={invalid("max")}
            />
          </label>
        </div>
      </fieldset>

      <fieldset className={styles.fieldset} aria-invalid={invalid("kinds")}>
        <legend>How you receive it</legend>
        {FULFILMENT_KINDS.map((kind) => (
          <label key={kind} className={styles.check}>
            <input type="checkbox" name="kind" value={kind} defaultChecked={query.kinds.includes(kind)} />
            <span>
              <span lang="zh-CN">{FULFILMENT_LABELS[kind].zh}</span> {FULFILMENT_LABELS[kind].en}
            </span>
          </label>
        ))}
      </fieldset>

      <label className={styles.field}>
        <span>Sort by</span>
        <select name="sort" defaultValue={query.sort || "RECOMMENDED"} aria-invalid={invalid("sort")}>
          {SHELF_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </label>

      {query.size && query.size !== String(DEFAULT_PAGE_SIZE) && <input type="hidden" name="size" value={query.size} />}

      <div className={styles.filterActions}>
        <button type="submit" className={styles.apply}>
          Apply
        </button>
        <Link href="/" className={styles.clear}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
