import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, type Cart, cartPath, fetchMe, getJson, type Me, useCsrfToken } from './api.js';
import { Header } from './components/Header.js';
import {
  approvalIdOf,
  approvalLinkTokenOf,
  approvalRulesPagePath,
  invoiceIdOf,
  itemIdOf,
  mayBlockSuppliers,
  type Navigate,
  orderRouteOf,
  type PageKey,
  pageMatches,
  pagesFor,
  requestRouteOf,
  supplierOrderTokenOf,
  supplierRouteOf,
  usePath,
} from './navigation.js';
import { AdministrationPage } from './pages/AdministrationPage.js';
import { ApprovalLinkPage } from './pages/ApprovalLinkPage.js';
import { ApprovalsPage } from './pages/ApprovalsPage.js';
import { ApprovalRulesPage } from './pages/administration/ApprovalRulesPage.js';
import { BudgetLinesPage } from './pages/BudgetLinesPage.js';
import { BudgetsPage } from './pages/BudgetsPage.js';
import { CartPage } from './pages/CartPage.js';
import { CatalogPage } from './pages/CatalogPage.js';
import { DelegationsPage } from './pages/DelegationsPage.js';
import { ExchangeRatesPage } from './pages/ExchangeRatesPage.js';
import { FreeTextRequestsPage } from './pages/FreeTextRequestsPage.js';
import { ImportsPage } from './pages/ImportsPage.js';
import { InvoicePage } from './pages/InvoicePage.js';
import { InvoicesPage } from './pages/InvoicesPage.js';
import { ItemPage } from './pages/ItemPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { OrderPage } from './pages/OrderPage.js';
import { OrdersPage } from './pages/OrdersPage.js';
import { PaymentRunsPage } from './pages/PaymentRunsPage.js';
import { ReceiveGoodsPage } from './pages/ReceiveGoodsPage.js';
import { RequestFormPage } from './pages/RequestFormPage.js';
import { RequestPage } from './pages/RequestPage.js';
import { RequestsPage } from './pages/RequestsPage.js';
import { SupplierDetailPage } from './pages/SupplierDetailPage.js';
import { EditSupplierPage, NewSupplierPage } from './pages/SupplierFormPage.js';
import { SupplierOrderPage } from './pages/SupplierOrderPage.js';
import { SuppliersPage } from './pages/SuppliersPage.js';
import { isBuyer } from './purchase-orders.js';

type Session =
  | { state: 'loading' }
  | { state: 'anonymous' }
  | { state: 'error'; message: string }
  | { state: 'in'; me: Me };

/**
 * The app. The supplier's page behind an order e-mail's link is public: it opens without a session
 * and never asks who is logged in; every other page needs one.
 */
export function App() {
  const supplierToken = supplierOrderTokenOf(window.location.pathname);
  if (supplierToken) return <SupplierOrderPage token={supplierToken} />;
  return <SignedInApp />;
}

function SignedInApp() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [path, navigate] = usePath();
  const [cartCount, setCartCount] = useState<number | null>(null);
  const signedIn = session.state === 'in';

  // The header's cart count: read once at login, then kept by what every cart call answers.
  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    getJson<Cart>(cartPath, controller.signal)
      .then((cart) => setCartCount(cart.lines.length))
      .catch(() => undefined);
    return () => controller.abort();
  }, [signedIn]);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal)
      .then((me) => {
        useCsrfToken(me.csrfToken);
        setSession({ state: 'in', me });
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiProblem && e.status === 401) setSession({ state: 'anonymous' });
        else setSession({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      });
    return () => controller.abort();
  }, []);

  if (session.state === 'loading') return <p className="main">{t('loading')}</p>;
  if (session.state === 'anonymous') return <LoginPage />;
  if (session.state === 'error') {
    return (
      <p role="alert" className="main error">
        {t('errors.loadFailed', { detail: session.message })}
      </p>
    );
  }
  const allowed = pagesFor(session.me.roles);
  const itemId = itemIdOf(path);
  const page = allowed.find((p) => pageMatches(p.path, path)) ?? allowed[0];
  const onCart = (cart: Cart) => setCartCount(cart.lines.length);
  return (
    <>
      <Header
        me={session.me}
        current={itemId ? 'catalog' : (page?.key ?? 'catalog')}
        navigate={navigate}
        cartCount={cartCount}
      />
      <main className="main">
        {itemId ? (
          <ItemPage key={itemId} id={itemId} navigate={navigate} onCart={onCart} />
        ) : (
          <PageContent
            page={page?.key ?? 'catalog'}
            me={session.me}
            path={path}
            navigate={navigate}
            onCart={onCart}
          />
        )}
      </main>
    </>
  );
}

/** The page at the current path; `navigation.ts` has already kept only those the user's roles open. */
function PageContent({
  page,
  me,
  path,
  navigate,
  onCart,
}: {
  page: PageKey;
  me: Me;
  path: string;
  navigate: Navigate;
  onCart: (cart: Cart) => void;
}) {
  switch (page) {
    case 'cart':
      return <CartPage navigate={navigate} onCart={onCart} />;
    case 'requests': {
      const route = requestRouteOf(path);
      if (route.kind === 'new')
        return <RequestFormPage navigate={navigate} onCart={onCart} ordersDirectly={isBuyer(me)} />;
      if (route.kind === 'detail')
        return (
          <RequestPage
            key={route.requisitionId}
            me={me}
            requisitionId={route.requisitionId}
            navigate={navigate}
          />
        );
      return <RequestsPage navigate={navigate} />;
    }
    case 'approvals': {
      // An approval e-mail's link: every role has the approvals page, so anyone logged in reaches it.
      const token = approvalLinkTokenOf(path);
      if (token) return <ApprovalLinkPage key={token} token={token} navigate={navigate} />;
      const requisitionId = approvalIdOf(path);
      if (requisitionId)
        return (
          <RequestPage
            key={requisitionId}
            me={me}
            requisitionId={requisitionId}
            navigate={navigate}
            afterDecision={(notice) => navigate('/approvals', { notice })}
          />
        );
      return <ApprovalsPage me={me} navigate={navigate} />;
    }
    case 'orders': {
      const route = orderRouteOf(path);
      if (route.kind === 'receive')
        return <ReceiveGoodsPage key={route.orderId} orderId={route.orderId} navigate={navigate} />;
      if (route.kind === 'detail')
        return <OrderPage key={route.orderId} me={me} orderId={route.orderId} navigate={navigate} />;
      return <OrdersPage me={me} navigate={navigate} />;
    }
    case 'invoices': {
      const invoiceId = invoiceIdOf(path);
      if (invoiceId) return <InvoicePage key={invoiceId} me={me} invoiceId={invoiceId} navigate={navigate} />;
      return <InvoicesPage me={me} navigate={navigate} />;
    }
    case 'paymentRuns':
      return <PaymentRunsPage me={me} />;
    case 'freeTextRequests':
      return <FreeTextRequestsPage />;
    case 'delegations':
      return <DelegationsPage me={me} />;
    case 'budgets':
      return <BudgetsPage navigate={navigate} />;
    case 'budgetLines':
      return <BudgetLinesPage />;
    case 'exchangeRates':
      return <ExchangeRatesPage />;
    case 'suppliers': {
      const route = supplierRouteOf(path);
      // The forms are for those who manage suppliers; the others read the list.
      const manages = mayBlockSuppliers(me.roles);
      if (route.kind === 'new' && manages) return <NewSupplierPage me={me} navigate={navigate} />;
      if (route.kind === 'edit' && manages)
        return (
          <EditSupplierPage
            key={route.supplierId}
            me={me}
            supplierId={route.supplierId}
            navigate={navigate}
          />
        );
      if (route.kind === 'detail' || route.kind === 'edit')
        return (
          <SupplierDetailPage
            key={route.supplierId}
            me={me}
            supplierId={route.supplierId}
            navigate={navigate}
          />
        );
      return <SuppliersPage me={me} navigate={navigate} />;
    }
    case 'administration':
      if (path === approvalRulesPagePath) return <ApprovalRulesPage navigate={navigate} />;
      return <AdministrationPage me={me} navigate={navigate} />;
    case 'imports':
      return <ImportsPage />;
    case 'catalog':
      return <CatalogPage navigate={navigate} />;
  }
}
