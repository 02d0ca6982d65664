import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { DtoClass, JsonSchema } from './spec';

const OPTIONS = {
  classTransformerMetadataStorage: defaultMetadataStorage,
  classValidatorMetadataStorage: getMetadataStorage(),
  refPointerPrefix: '#/components/schemas/',
};

type MutableSchema = { [keyword: string]: unknown };

/** parseDto forbids unknown properties at every depth, so every object schema is closed. */
const closeObjects = (schema: MutableSchema): MutableSchema => {
  const closed: MutableSchema = { ...schema };
  if (closed.type === 'object') closed.additionalProperties = false;
  if (isSchemaMap(closed.properties)) {
    closed.properties = Object.fromEntries(
      Object.entries(closed.properties).map(([name, child]) => [name, closeObjects(child)]),
    );
  }
  if (isSchema(closed.items)) closed.items = closeObjects(closed.items);
  return closed;
};

const isSchema = (value: unknown): value is MutableSchema => typeof value === 'object' && value !== null;
const isSchemaMap = (value: unknown): value is Record<string, MutableSchema> => isSchema(value);

/** The JSON Schema class-validator-jsonschema derives from a DTO's decorators. */
export const dtoSchema = (dto: DtoClass): JsonSchema =>
  closeObjects(targetConstructorToSchema(dto, OPTIONS) as MutableSchema);

const refsIn = (schema: unknown): string[] => {
  if (!isSchema(schema)) return [];
  const own = typeof schema.$ref === 'string' ? [schema.$ref.replace(OPTIONS.refPointerPrefix, '')] : [];
  return [...own, ...Object.values(schema).flatMap(refsIn)];
};

/**
 * Component schemas for the given DTOs and every nested DTO they reference (`@Type(() => OrderItemDto)`).
 * Names are class names, so two DTO classes of one name would be one schema: that is refused.
 */
export const dtoComponentSchemas = (dtos: readonly DtoClass[]): Record<string, JsonSchema> => {
  const byName = new Map<string, DtoClass>();
  for (const dto of dtos) {
    const seen = byName.get(dto.name);
    if (seen !== undefined && seen !== dto) throw new Error(`Two request DTO classes are named ${dto.name}`);
    byName.set(dto.name, dto);
  }
  const all = validationMetadatasToSchemas(OPTIONS);
  const components: Record<string, JsonSchema> = {};
  const pending = [...byName.keys()];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (components[name] !== undefined) continue;
    const dto = byName.get(name);
    const schema = dto === undefined ? all[name] : targetConstructorToSchema(dto, OPTIONS);
    if (schema === undefined) throw new Error(`No schema for the nested DTO ${name}`);
    components[name] = closeObjects(schema as MutableSchema);
    pending.push(...refsIn(schema));
  }
  return components;
};
