import { dashboardViteConfig } from '../scripts/dashboard-vite-config.mjs';

export default dashboardViteConfig(import.meta.dirname);
