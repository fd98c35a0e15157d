import { ReportLoading } from "@/components/reports/report-loading";

export default ReportLoading;
