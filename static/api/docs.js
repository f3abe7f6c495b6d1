// The API's reference page: Swagger UI (static/vendor/swagger-ui, loaded before this module)
// reading the schema from this site.
const root = document.getElementById("api-docs");
window.SwaggerUIBundle({
  url: root.dataset.schemaUrl,
  domNode: root,
  deepLinking: true,
  // "Try it out" sends requests from the visitor's browser to this site only.
  supportedSubmitMethods: ["get", "post", "patch"],
});
