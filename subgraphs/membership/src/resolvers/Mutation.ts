import type { MembershipContext } from "../context";

interface LoginArgs {
  input: { email: string; password: string };
}

export const Mutation = {
  login: async (_: unknown, { input }: LoginArgs, ctx: MembershipContext) => {
    const result = await ctx.services.auth.login(input.email, input.password);
    if (!result.ok) return { accessToken: null, expiresIn: null, member: null, errors: [result] };
    return { accessToken: result.accessToken, expiresIn: result.expiresIn, member: result.member, errors: [] };
  },
};
