/** Types for the generated spec module (see scripts/build-validators.mjs). */
export interface ValidationError {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}
export interface SpecOperation {
  id: string;
  method: string;
  path: string;
  params: Array<{ name: string; in: string; required: boolean }>;
  requestBodyRequired: boolean;
  hasRequestSchema: boolean;
  hasResponseSchema: boolean;
}
export declare const validators: Record<string, CompiledValidator>;
export declare const operations: SpecOperation[];
export declare const samples: Record<
  'categoriesResponse' | 'category' | 'topicListResponse' | 'topicListItem' | 'topicResponse' | 'topicPost' | 'post' | 'createdPost' | 'updatedPost' | 'postActionResponse' | 'searchResponse',
  Record<string, unknown>
>;
