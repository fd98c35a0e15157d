import { gql } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";

interface LoginData {
  login: {
    accessToken: string | null;
    expiresIn: number | null;
    refreshToken: string | null;
    errors: { code: string; message: string }[];
  };
}

const LoginMutation = gql<LoginData, { input: { email: string; password: string } }>`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      expiresIn
      refreshToken
      errors {
        code
        message
      }
    }
  }
`;

export type LoginResult =
  { ok: true; accessToken: string; expiresIn: number; refreshToken: string } | { ok: false; message: string };

/** `headers`: the browser's address and user agent, so login limits count the browser, not this server. */
export async function login(email: string, password: string, headers: Record<string, string>): Promise<LoginResult> {
  const result = await gatewayClient(undefined, headers)
    .mutation(LoginMutation, { input: { email, password } })
    .toPromise();
  if (result.error) {
    console.error(describeError("Login", result.error));
    if (classifyError(result.error) === "unavailable") {
      return { ok: false, message: "Sign-in is unavailable right now. Please try again in a moment." };
    }
    return { ok: false, message: result.error.graphQLErrors[0]?.message ?? "Sign-in failed." };
  }
  const payload = result.data?.login;
  const [firstError] = payload?.errors ?? [];
  if (firstError) return { ok: false, message: firstError.message };
  if (!payload?.accessToken || !payload.expiresIn || !payload.refreshToken) {
    return { ok: false, message: "Sign-in failed." };
  }
  return {
    ok: true,
    accessToken: payload.accessToken,
    expiresIn: payload.expiresIn,
    refreshToken: payload.refreshToken,
  };
}
