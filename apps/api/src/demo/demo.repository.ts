import type { DataSource } from 'typeorm';

/** The ids of the business's imported history customers with these external ids. */
export async function historyCustomerIds(
  ds: DataSource,
  businessId: string,
  externalIds: string[],
): Promise<{ id: string; ext: string }[]> {
  return ds.query<{ id: string; ext: string }[]>(
    `SELECT id, external_id AS ext FROM history_customers WHERE business_id = $1 AND external_id = ANY($2::text[])`,
    [businessId, externalIds],
  );
}
