import { currentOrigin } from "@benefits-hub/platform";
import type { MembershipContext } from "../context";

interface LoginArgs {
  input: { email: string; password: string };
}

export const Mutation = {
  login: async (_: unknown, { input }: LoginArgs, ctx: MembershipContext) => {
    const result = await ctx.services.auth.login(input.email, input.password, currentOrigin()?.ip);
    if (!result.ok) return { accessToken: null, expiresIn: null, member: null, errors: [result] };
    const { accessToken, expiresIn, refreshToken, member } = result;
    return { accessToken, expiresIn, refreshToken, member, errors: [] };
  },
};
