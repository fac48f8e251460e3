// Placeholder until the tenancy handlers land in this commit series.
export const handler = async () => ({ statusCode: 501, body: '' });
