// Who a grant goes to: the members of a segment or of org subtrees, read from
// membership a page (500 ids) at a time, as the admin who started the grant
// (so they reach only members they may see).
import type { MemberIdentity } from "@benefits-hub/platform";
import type { GraphClient } from "./graph.client";

interface Page {
  memberIds: string[];
  nextCursor: string | null;
}

const SEGMENT = `query ($id: ID!, $after: String) {
  segment(id: $id) { members(first: 500, after: $after) { memberIds nextCursor } }
}`;
const SUBTREES = `query ($units: [ID!]!, $after: String) {
  members(rules: { orgUnitIds: $units }, first: 500, after: $after) { memberIds nextCursor }
}`;

export class MembersClient {
  constructor(private readonly membership: GraphClient) {}

  async *ofSegment(actor: MemberIdentity, segmentId: string): AsyncGenerator<string[]> {
    let after: string | null = null;
    do {
      const data: { segment: { members: Page } | null } = await this.membership.request(
        SEGMENT,
        { id: segmentId, after },
        actor,
      );
      if (!data.segment) return;
      yield data.segment.members.memberIds;
      after = data.segment.members.nextCursor;
    } while (after);
  }

  async *ofSubtrees(actor: MemberIdentity, orgUnitIds: string[]): AsyncGenerator<string[]> {
    let after: string | null = null;
    do {
      const data: { members: Page } = await this.membership.request(SUBTREES, { units: orgUnitIds, after }, actor);
      yield data.members.memberIds;
      after = data.members.nextCursor;
    } while (after);
  }
}
