// What the mall needs besides the shelf itself: who is looking, and the category tree and brands to filter by.
import { gql } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { Brand, Category, Loaded, MemberRole, Viewer } from "./types";

interface MallContextData {
  me: { displayName: string; role: MemberRole; tenant: { name: string } } | null;
  categories: { id: string; slug: string; name: string; nameEn: string; parent: { id: string } | null }[];
  brands: Brand[];
}

const MallContextQuery = gql<MallContextData, Record<string, never>>`
  query MallContext {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    categories {
      id
      slug
      name
      nameEn
      parent {
        id
      }
    }
    brands {
      id
      slug
      name
      nameEn
    }
  }
`;

export interface MallContext {
  viewer: Viewer;
  /** Top-level first, then by position (the catalog's order). */
  categories: Category[];
  brands: Brand[];
}

export async function getMallContext(token: string): Promise<Loaded<MallContext>> {
  const result = await gatewayClient(token).query(MallContextQuery, {}).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure !== "unauthenticated") console.error(describeError("MallContext", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  if (!me) return { ok: false, failure: "unauthenticated" };
  return {
    ok: true,
    value: {
      viewer: { displayName: me.displayName, role: me.role, tenantName: me.tenant.name },
      categories: (result.data?.categories ?? []).map(({ id, slug, name, nameEn, parent }) => ({
        id,
        slug,
        name,
        nameEn,
        parentId: parent?.id ?? null,
      })),
      brands: (result.data?.brands ?? []).map(({ id, slug, name, nameEn }) => ({ id, slug, name, nameEn })),
    },
  };
}
