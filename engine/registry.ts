import { portsFor, settingsJsonSchema } from './define-node.ts';
import type {
  AnyNodeDefinition,
  CredentialSpec,
  JsonSchema,
  NodeDefinition,
  Ports,
} from './define-node.ts';

/** How the studio's palette and the contract generator see a node kind. */
export interface NodeKindInfo {
  type: string;
  version: number;
  title: string;
  category: string;
  description: string;
  role?: string;
  settingsSchema: JsonSchema;
  /** The ports for default settings; kinds whose ports follow their settings say so. */
  inputs: Ports;
  outputs: Ports;
  dynamicPorts: boolean;
  credentials: CredentialSpec[];
}

export class NodeRegistry {
  private readonly kinds = new Map<string, AnyNodeDefinition>();

  constructor(definitions: Iterable<NodeDefinition<never>> = []) {
    for (const definition of definitions) this.register(definition);
  }

  register<S>(definition: NodeDefinition<S>): this {
    if (this.kinds.has(definition.type)) {
      throw new Error(`Node kind "${definition.type}" is registered twice.`);
    }
    this.kinds.set(definition.type, definition as unknown as AnyNodeDefinition);
    return this;
  }

  get(type: string): AnyNodeDefinition | undefined {
    return this.kinds.get(type);
  }

  types(): string[] {
    return [...this.kinds.keys()];
  }

  describe(type: string): NodeKindInfo | undefined {
    const kind = this.kinds.get(type);
    if (!kind) return undefined;

    const defaults = kind.settings.safeParse({});
    const settings = defaults.success ? defaults.data : {};
    const info: NodeKindInfo = {
      type: kind.type,
      version: kind.version,
      title: kind.title,
      category: kind.category,
      description: kind.description,
      settingsSchema: settingsJsonSchema(kind),
      inputs: portsFor(kind.inputs, settings),
      outputs: portsFor(kind.outputs, settings),
      dynamicPorts: typeof kind.inputs === 'function' || typeof kind.outputs === 'function',
      credentials: kind.credentials ?? [],
    };
    if (kind.role) info.role = kind.role;
    return info;
  }

  catalogue(): NodeKindInfo[] {
    return this.types().map((type) => this.describe(type)!);
  }
}
