import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { Node } from './parse';

/**
 * Iterative pre-order walk that records each node's parent. An explicit stack instead of recursion,
 * so 30,000-deep nesting cannot overflow the call stack.
 */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => void, parents?: Map<Node, Node>): void {
  // Two parallel stacks (node, parent): no pair allocated per node.
  const stack: Node[] = [root];
  const parentStack: Array<Node | undefined> = [undefined];
  while (stack.length) {
    const node = stack.pop()!;
    const parent = parentStack.pop();
    if (parent && parents) parents.set(node, parent);
    visit(node, parent);
    const keys = (visitorKeys as Record<string, readonly string[] | undefined>)[node.type];
    if (!keys) continue;
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const c = child[i] as Node | null;
          if (c && typeof c.type === 'string') {
            stack.push(c);
            parentStack.push(node);
          }
        }
      } else if (child && typeof (child as Node).type === 'string') {
        stack.push(child as Node);
        parentStack.push(node);
      }
    }
  }
}
