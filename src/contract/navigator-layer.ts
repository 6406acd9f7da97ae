/**
 * The ATT&CK Navigator layer file format, version 4.5 (mitre-attack/attack-navigator, layers/spec/v4.5), as a zod
 * schema: the properties the format defines, with the types and required fields it documents, and strict objects
 * so a misspelt property fails. Debrief's layers are checked against it in tests and described by it in OpenAPI.
 */
import { z } from 'zod';
import { ATTACK_LAYER_SCORES } from '../core/attack-layer.js';

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const color = z.string().regex(HEX_COLOR);

const metadataItem = z.union([
  z.strictObject({ name: z.string(), value: z.string() }),
  z.strictObject({ divider: z.boolean() }),
]);
const linkItem = z.union([
  z.strictObject({ label: z.string(), url: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\//i) }),
  z.strictObject({ divider: z.boolean() }),
]);

export const navigatorTechniqueSchema = z.strictObject({
  /** `T####` or `T####.###`. */
  techniqueID: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  tactic: z
    .string()
    .regex(/^[a-z]+(-[a-z]+)*$/)
    .optional(),
  comment: z.string().optional(),
  enabled: z.boolean().optional(),
  score: z.number().optional(),
  color: z.union([color, z.literal('')]).optional(),
  metadata: z.array(metadataItem).optional(),
  links: z.array(linkItem).optional(),
  showSubtechniques: z.boolean().optional(),
});

export const navigatorLayerSchema = z
  .strictObject({
    versions: z
      .strictObject({
        attack: z.string().optional(),
        navigator: z.string().regex(/^\d+\.\d+\.\d+$/),
        layer: z.literal('4.5'),
      })
      .optional(),
    name: z.string(),
    description: z.string().optional(),
    domain: z.enum(['enterprise-attack', 'mobile-attack', 'ics-attack']),
    customDataURL: z.string().optional(),
    filters: z.strictObject({ platforms: z.array(z.string()).optional() }).optional(),
    sorting: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
    layout: z
      .strictObject({
        layout: z.enum(['side', 'flat', 'mini']).optional(),
        showID: z.boolean().optional(),
        showName: z.boolean().optional(),
        showAggregateScores: z.boolean().optional(),
        countUnscored: z.boolean().optional(),
        aggregateFunction: z.enum(['average', 'min', 'max', 'sum']).optional(),
        expandedSubtechniques: z.enum(['none', 'all', 'annotated']).optional(),
      })
      .optional(),
    hideDisabled: z.boolean().optional(),
    techniques: z.array(navigatorTechniqueSchema).optional(),
    gradient: z
      .strictObject({ colors: z.array(color).min(2), minValue: z.number(), maxValue: z.number() })
      .refine((g) => g.maxValue > g.minValue, 'maxValue must be greater than minValue')
      .optional(),
    legendItems: z.array(z.strictObject({ label: z.string(), color })).optional(),
    showTacticRowBackground: z.boolean().optional(),
    tacticRowBackground: color.optional(),
    selectTechniquesAcrossTactics: z.boolean().optional(),
    selectSubtechniquesWithParent: z.boolean().optional(),
    selectVisibleTechniques: z.boolean().optional(),
    metadata: z.array(metadataItem).optional(),
    links: z.array(linkItem).optional(),
  })
  .meta({ description: 'An ATT&CK Navigator layer (layer format 4.5).' });

export const attackLayerQuerySchema = z.object({
  score: z.enum(ATTACK_LAYER_SCORES).default('events').meta({
    description:
      "events: timeline entries, Sigma matches and tool detections per technique; phase: the tactic's place in the ATT&CK matrix.",
  }),
});
