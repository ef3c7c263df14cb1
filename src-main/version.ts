// The product version, shown by the CLI, the admin UI and the OpenAPI document.
export const VERSION = '0.1.0';
