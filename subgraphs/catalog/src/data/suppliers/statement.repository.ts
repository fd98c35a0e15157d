// Imported settlement statements and their lines. One statement per supplier
// and period; imports of one supplier are serialised by locking its row.
import type {
  Prisma,
  PrismaClient,
  SettlementStatement,
  SettlementStatementLine,
} from "@benefits-hub/platform/db/client";

export type StatementRow = SettlementStatement;
export type StatementLineRow = SettlementStatementLine;

export interface NewStatementLine {
  lineNo: number;
  reference: string;
  productId: string;
  skuId: string | null;
  quantity: number;
  amountFen: number;
  billedAt: Date;
}

type Db = Prisma.TransactionClient | PrismaClient;

export class StatementRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Waits for other imports of the supplier's statements until `tx` ends. */
  async lockSupplier(tx: Prisma.TransactionClient, supplierId: string): Promise<void> {
    await tx.$queryRaw`SELECT id FROM catalog.supplier WHERE id = ${supplierId}::uuid FOR UPDATE`;
  }

  byPeriod(supplierId: string, from: Date, to: Date, tx: Db = this.db): Promise<StatementRow | null> {
    return tx.settlementStatement.findUnique({
      where: { supplierId_periodFrom_periodTo: { supplierId, periodFrom: from, periodTo: to } },
    });
  }

  /** An imported statement of the supplier whose period overlaps [from, to), if any. */
  overlapping(tx: Db, supplierId: string, from: Date, to: Date): Promise<StatementRow | null> {
    return tx.settlementStatement.findFirst({
      where: { supplierId, periodFrom: { lt: to }, periodTo: { gt: from } },
      orderBy: { periodFrom: "asc" },
    });
  }

  create(
    tx: Prisma.TransactionClient,
    statement: { id: string; supplierId: string; from: Date; to: Date; importedBy: string },
    lines: NewStatementLine[],
  ): Promise<StatementRow> {
    return tx.settlementStatement
      .create({
        data: {
          id: statement.id,
          supplierId: statement.supplierId,
          periodFrom: statement.from,
          periodTo: statement.to,
          lineCount: lines.length,
          totalFen: BigInt(lines.reduce((sum, line) => sum + line.amountFen, 0)),
          importedBy: statement.importedBy,
        },
      })
      .then(async (row) => {
        if (lines.length > 0) {
          await tx.settlementStatementLine.createMany({
            data: lines.map((line) => ({
              ...line,
              statementId: row.id,
              supplierId: statement.supplierId,
              amountFen: BigInt(line.amountFen),
            })),
          });
        }
        return row;
      });
  }

  byIds(ids: string[]): Promise<StatementRow[]> {
    return this.db.settlementStatement.findMany({ where: { id: { in: ids } } });
  }

  linesOf(statementId: string): Promise<StatementLineRow[]> {
    return this.db.settlementStatementLine.findMany({ where: { statementId }, orderBy: { lineNo: "asc" } });
  }

  /** The supplier's imported statements, latest period first. */
  ofSupplier(supplierId: string, first: number): Promise<StatementRow[]> {
    return this.db.settlementStatement.findMany({
      where: { supplierId },
      orderBy: [{ periodFrom: "desc" }, { id: "asc" }],
      take: first,
    });
  }
}
