// The demo seed's people, logged in, for tests that act as each role.
import type { TestHub } from "./hub";

export interface DemoTokens {
  admin: string;
  manager: string;
  member: string;
  otherAdmin: string;
}

export async function loginDemoActors(hub: TestHub): Promise<DemoTokens> {
  const [admin, manager, member, otherAdmin] = await Promise.all([
    hub.login(hub.demo.adminEmail),
    hub.login("manager@stellar.example"),
    hub.login(hub.demo.memberEmail),
    hub.login(hub.demo.otherTenantAdminEmail),
  ]);
  return { admin, manager, member, otherAdmin };
}

/** The demo tenant's id and the ids of its seeded units (and harbour's root), by short name. */
export async function demoUnits(hub: TestHub) {
  const tenantId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } })).id;
  const harbour = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } });
  const unit = async (name: string) => (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, name } })).id;
  const units = {
    hq: (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, parentId: null } })).id,
    bj: await unit("北京分公司 Beijing Branch"),
    bjRd: await unit("研发部 R&D"),
    bjMkt: await unit("市场部 Marketing"),
    sh: await unit("上海分公司 Shanghai Branch"),
    shSales: await unit("销售部 Sales"),
    harbour: (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: harbour.id, parentId: null } })).id,
  };
  return { tenantId, units };
}
