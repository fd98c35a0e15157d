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
