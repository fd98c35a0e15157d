import { gql } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { Benefit, Loaded } from "./types";

interface BenefitsData {
  benefits: Benefit[];
}

const BenefitsQuery = gql<BenefitsData, { first: number }>`
  query MallBenefits($first: Int!) {
    benefits(first: $first) {
      id
      name
      description
      category
      fulfilmentKind
      faceValueFen
    }
  }
`;

export async function getBenefits(first = 100): Promise<Loaded<Benefit[]>> {
  const result = await gatewayClient().query(BenefitsQuery, { first }).toPromise();
  if (result.error || !result.data) {
    if (result.error) console.error(describeError("MallBenefits", result.error));
    return { ok: false, failure: result.error ? classifyError(result.error) : "failed" };
  }
  return {
    ok: true,
    value: result.data.benefits.map(({ id, name, description, category, fulfilmentKind, faceValueFen }) => ({
      id,
      name,
      description,
      category,
      fulfilmentKind,
      faceValueFen,
    })),
  };
}
