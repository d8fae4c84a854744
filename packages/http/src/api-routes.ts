import { type Router as ExpressRouter, type RequestHandler, Router } from 'express';
import { type Access, requireAccess } from './auth.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface DeclaredRoute {
  method: Method;
  path: string;
  access: Access;
}

/**
 * A router whose every route states who may call it. The declarations are kept, so a test can
 * walk every route with every caller that must not pass.
 */
export class ApiRoutes {
  readonly router: ExpressRouter = Router();
  readonly declared: DeclaredRoute[] = [];

  private add(method: Method, path: string, access: Access, handlers: RequestHandler[]): this {
    this.router[method](path, requireAccess(access), ...handlers);
    this.declared.push({ method, path, access });
    return this;
  }

  get = (path: string, access: Access, ...handlers: RequestHandler[]) =>
    this.add('get', path, access, handlers);
  post = (path: string, access: Access, ...handlers: RequestHandler[]) =>
    this.add('post', path, access, handlers);
  put = (path: string, access: Access, ...handlers: RequestHandler[]) =>
    this.add('put', path, access, handlers);
  patch = (path: string, access: Access, ...handlers: RequestHandler[]) =>
    this.add('patch', path, access, handlers);
  delete = (path: string, access: Access, ...handlers: RequestHandler[]) =>
    this.add('delete', path, access, handlers);

  /** Mounts another set of routes under `prefix`, keeping their declarations. */
  use(prefix: string, routes: ApiRoutes): this {
    this.router.use(prefix, routes.router);
    for (const route of routes.declared)
      this.declared.push({ ...route, path: `${prefix}${route.path === '/' ? '' : route.path}` });
    return this;
  }
}
